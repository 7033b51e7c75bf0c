package io.notiledger.standalone;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Watches every JDBC connection the ledger borrows from its pool and records each call made on it by a thread
 * other than the one that borrowed it, with both threads' stacks. A pooled connection is not thread-safe
 * (Hikari's statement list breaks, and two transactions would interleave on one session): no connection may
 * be used by two threads. Added to a ledger with {@code --spring.main.sources=} this class's name.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionOwnership {

    /** One call on a connection from a thread that did not borrow it. */
    record ForeignUse(String method, String owner, String user, Throwable borrowedAt, Throwable usedAt) {
        @Override
        public String toString() {
            return method + " by " + user + " on a connection borrowed by " + owner + "\n--- borrowed at:\n"
                    + stack(borrowedAt) + "--- used at:\n" + stack(usedAt);
        }
    }

    private static final List<ForeignUse> FOREIGN_USES = new CopyOnWriteArrayList<>();

    static List<ForeignUse> foreignUses() {
        return List.copyOf(FOREIGN_USES);
    }

    static void reset() {
        FOREIGN_USES.clear();
    }

    @Bean
    static BeanPostProcessor watchConnectionOwnership() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
                    return Proxy.newProxyInstance(ConnectionOwnership.class.getClassLoader(),
                            new Class<?>[]{DataSource.class}, new WatchedDataSource(dataSource));
                }
                return bean;
            }
        };
    }

    private record WatchedDataSource(DataSource target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = call(target, method, args);
            if (result instanceof Connection connection && method.getName().equals("getConnection")) {
                return Proxy.newProxyInstance(ConnectionOwnership.class.getClassLoader(),
                        new Class<?>[]{Connection.class}, new OwnedConnection(connection, Thread.currentThread(), new Throwable()));
            }
            return result;
        }
    }

    private static final class OwnedConnection implements InvocationHandler {
        private final Connection target;
        private final Thread owner;
        private final Throwable borrowedAt;
        private volatile boolean closed;

        OwnedConnection(Connection target, Thread owner, Throwable borrowedAt) {
            this.target = target;
            this.owner = owner;
            this.borrowedAt = borrowedAt;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Thread user = Thread.currentThread();
            if (user != owner && !closed) {
                FOREIGN_USES.add(new ForeignUse(method.getName(), owner.getName(), user.getName(), borrowedAt, new Throwable()));
            }
            if (method.getName().equals("close")) {
                closed = true;
            }
            return call(target, method, args);
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The frames of where a connection was used, for the test's failure message. */
    private static String stack(Throwable where) {
        return Arrays.stream(where.getStackTrace()).map(frame -> "\tat " + frame)
                .collect(Collectors.joining("\n", where + "\n", ""));
    }
}
