package io.shardlake.web.security;

import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Feeds {@link LoginThrottle} with the outcome of every password check; a lockout is audited once. */
@Component
class LoginThrottling {

    private final LoginThrottle throttle;
    private final AuditLog audit;

    LoginThrottling(LoginThrottle throttle, AuditLog audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    @EventListener
    void refused(AuthenticationFailureBadCredentialsEvent e) {
        String name = e.getAuthentication().getName();
        if (name != null) {
            throttle.failed(name).ifPresent(until -> audit.record(new AuditEntry(name, "login.lockout", name,
                    "too many refused passwords; locked until " + until)));
        }
    }

    @EventListener
    void accepted(AuthenticationSuccessEvent e) {
        throttle.succeeded(e.getAuthentication().getName());
    }
}
