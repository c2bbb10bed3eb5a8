package io.shardlake.engine.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Shard connections that act at a chosen point of a read: {@link #beforePage} runs an action once,
 * just before the n-th keyset-paged query (the statements with {@code LIMIT}) is prepared. For the
 * tests that change the source or freeze the replica in the middle of a read, through
 * {@link PipelineRunner#wrapShardDataSources}.
 */
final class PageQueryHook {

    private PageQueryHook() {
    }

    /** {@code target} whose connections run {@code action} once, before the {@code page}-th page query of any of them. */
    static DataSource beforePage(DataSource target, int page, Runnable action) {
        AtomicInteger pages = new AtomicInteger();
        return forwarding(DataSource.class, target, (method, args) -> {
        }, result -> result instanceof Connection c ? forwarding(Connection.class, c, (method, args) -> {
            if (method.getName().equals("prepareStatement") && args[0] instanceof String sql && sql.contains(" LIMIT ")
                    && pages.incrementAndGet() == page) {
                action.run();
            }
        }, r -> r) : result);
    }

    /** A proxy of {@code target} that calls {@code before} ahead of each method and maps its results. */
    @SuppressWarnings("unchecked")
    private static <T> T forwarding(Class<T> type, T target, BiConsumer<Method, Object[]> before, UnaryOperator<Object> result) {
        return (T) Proxy.newProxyInstance(PageQueryHook.class.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            before.accept(method, args);
            try {
                return result.apply(method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
