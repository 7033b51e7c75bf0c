package io.notiledger.command.bus;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.interceptors.TransactionManagingInterceptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.axonframework.commandhandling.GenericCommandResultMessage.asCommandResultMessage;

/**
 * Commands dispatched close together are handled in one transaction: each committer thread takes what is
 * queued (up to the group size, never waiting for more), handles every command in a unit of work nested in one
 * root unit of work, commits once (the store appends the group's events in one batch) and only then answers
 * each command. A command's caller therefore still sees its result only once its events are durable.
 * <p>
 * A group is all or nothing, and only commands that succeed stay in it. When any command of a group fails
 * (refused by its aggregate, a database error), or the group's commit fails (two first requests with one
 * idempotency key; the database), the group is rolled back and each of its commands is run again on its own,
 * in queue order, in a transaction of its own, exactly as one command was handled before grouping: a refusal
 * is answered as such, a transient error is the command's own result, and the others commit. Rolling the whole
 * group back is what makes a refusal safe without relying on how Axon keeps aggregates: a refused command may
 * have changed the aggregate instance the group shares, or left it in the aggregate cache, and the root's
 * rollback discards both. Refusals are rare (duplicates, conflicts), so their second run costs little.
 * <p>
 * Nested commands run without a transaction of their own: a participating Spring transaction that rolled back
 * would mark the group's rollback-only. The transaction is the root's; a command run on its own gets its own
 * through {@link TransactionManagingInterceptor} inside its unit of work, so a failure to begin it (no pooled
 * connection in time) is that command's result rather than the end of a committer thread.
 */
public class GroupCommitCommandBus extends SimpleCommandBus {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);

    private final TransactionManager transactionManager;
    private final Predicate<Throwable> storeUnavailable;
    private final int groupSize;
    private final BlockingQueue<QueuedCommand> queue = new LinkedBlockingQueue<>();
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors = new CopyOnWriteArrayList<>();
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> aloneInterceptors = new CopyOnWriteArrayList<>();
    private final ExecutorService committers;
    private volatile boolean running = true;

    /**
     * @param storeUnavailable whether a failure means the store takes no writes for now: once a command run on its
     *                         own fails so, the rest of its group is answered with that failure instead of each
     *                         waiting for a connection in turn
     */
    public GroupCommitCommandBus(SimpleCommandBus.Builder builder, TransactionManager transactionManager,
                                 Predicate<Throwable> storeUnavailable, int threads, int groupSize,
                                 ThreadFactory threadFactory) {
        super(builder);
        this.transactionManager = transactionManager;
        this.storeUnavailable = storeUnavailable;
        this.groupSize = groupSize;
        this.aloneInterceptors.add(new TransactionManagingInterceptor<>(transactionManager));
        this.committers = Executors.newFixedThreadPool(threads, threadFactory);
        for (int i = 0; i < threads; i++) {
            committers.execute(this::commitGroups);
        }
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        interceptors.add(interceptor);
        aloneInterceptors.add(interceptor);
        return () -> interceptors.remove(interceptor) | aloneInterceptors.remove(interceptor);
    }

    @Override
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> callback) {
        if (!running) {
            callback.onResult(command, asCommandResultMessage(new IllegalStateException("The command bus is shut down")));
            return;
        }
        queue.add(new QueuedCommand(command, handler, callback));
    }

    /** Stops taking commands; a group being handled finishes, the ones still queued are answered as refused. */
    public void shutdown() {
        running = false;
        committers.shutdownNow();
        try {
            if (!committers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Command groups still running after 5 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<QueuedCommand> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(queued -> queued.answer(asCommandResultMessage(new IllegalStateException("The command bus is shut down"))));
    }

    private void commitGroups() {
        List<QueuedCommand> group = new ArrayList<>(groupSize);
        while (running) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(group, groupSize - 1);
            try {
                if (group.size() == 1 || !commitTogether(group)) {
                    handleEachAlone(group);
                }
            } catch (RuntimeException | Error e) {
                // the thread must live on for the next group, and no caller may wait for ever
                log.error("A command group failed unexpectedly", e);
                group.forEach(queued -> queued.answer(asCommandResultMessage(e)));
            }
            group.clear();
        }
    }

    /** @return whether the group committed and every command was answered; if not, nothing of it was kept */
    private boolean commitTogether(List<QueuedCommand> group) {
        UnitOfWork<CommandMessage<?>> root = DefaultUnitOfWork.startAndGet(group.get(0).command());
        List<ResultMessage<?>> results = new ArrayList<>(group.size());
        try {
            root.attachTransaction(transactionManager);
            for (QueuedCommand queued : group) {
                ResultMessage<?> result = handleNested(queued);
                if (result.isExceptional()) {
                    root.rollback(result.exceptionResult());
                    return false;
                }
                results.add(result);
            }
            root.commit();
        } catch (RuntimeException | Error e) {
            if (root.isActive()) {
                root.rollback(e);
            }
            log.debug("A group of {} commands did not commit together; each runs on its own", group.size(), e);
            return false;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answer(asCommandResultMessage(results.get(i)));
        }
        return true;
    }

    private ResultMessage<?> handleNested(QueuedCommand queued) {
        UnitOfWork<CommandMessage<?>> nested = DefaultUnitOfWork.startAndGet(queued.command());
        DefaultInterceptorChain<CommandMessage<?>> chain =
                new DefaultInterceptorChain<>(nested, interceptors, queued.handler());
        return nested.executeWithResult(chain::proceed, RollbackConfigurationType.ANY_THROWABLE);
    }

    private void handleEachAlone(List<QueuedCommand> group) {
        Throwable outage = null;
        for (QueuedCommand queued : group) {
            if (outage != null) {
                queued.answer(asCommandResultMessage(outage));
                continue;
            }
            CommandResultMessage<?> result = handleAlone(queued);
            queued.answer(result);
            if (result.isExceptional() && storeUnavailable.test(result.exceptionResult())) {
                outage = result.exceptionResult();
            }
        }
    }

    private CommandResultMessage<?> handleAlone(QueuedCommand queued) {
        CommandResultMessage<?> result;
        try {
            UnitOfWork<CommandMessage<?>> alone = DefaultUnitOfWork.startAndGet(queued.command());
            DefaultInterceptorChain<CommandMessage<?>> chain =
                    new DefaultInterceptorChain<>(alone, aloneInterceptors, queued.handler());
            result = asCommandResultMessage(alone.executeWithResult(chain::proceed,
                    RollbackConfigurationType.UNCHECKED_EXCEPTIONS));
        } catch (RuntimeException | Error e) {
            result = asCommandResultMessage(e);
        }
        return result;
    }

    /** A command waiting for its group, answered once: a group that fails unexpectedly answers what it has not. */
    private static final class QueuedCommand {
        private final CommandMessage<?> command;
        private final MessageHandler<? super CommandMessage<?>> handler;
        private final CommandCallback<?, ?> callback;
        private final AtomicBoolean answered = new AtomicBoolean();

        QueuedCommand(CommandMessage<?> command, MessageHandler<? super CommandMessage<?>> handler,
                      CommandCallback<?, ?> callback) {
            this.command = command;
            this.handler = handler;
            this.callback = callback;
        }

        CommandMessage<?> command() {
            return command;
        }

        MessageHandler<? super CommandMessage<?>> handler() {
            return handler;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        void answer(CommandResultMessage<?> result) {
            if (answered.compareAndSet(false, true)) {
                ((CommandCallback) callback).onResult(command, result);
            }
        }
    }
}
