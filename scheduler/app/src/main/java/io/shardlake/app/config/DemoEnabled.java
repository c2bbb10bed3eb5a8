package io.shardlake.app.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the built-in demo is on, as {@link ShardlakeProperties.Demo} binds it: its default is
 * stated there once, not again in a {@code matchIfMissing}.
 */
class DemoEnabled extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        boolean enabled = Binder.get(context.getEnvironment()).bindOrCreate("shardlake.demo", ShardlakeProperties.Demo.class).enabled();
        return enabled ? ConditionOutcome.match("shardlake.demo.enabled is true")
                : ConditionOutcome.noMatch("shardlake.demo.enabled is false");
    }
}
