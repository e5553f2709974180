package io.snclr.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connection must bring a whole request head (request line and headers) within the timeout of opening, or of its
 * previous answer, or it is closed. The connector's idle timeout alone does not do it: every byte restarts it, so a
 * client trickling a header line a second would hold a connection for ever.
 */
final class HeaderDeadline extends Handler.Wrapper implements Connection.Listener {
    /** Connections waiting for a request head, with the time they began to wait. */
    private final Map<Connection, Long> waiting = new ConcurrentHashMap<>();

    private final long timeoutNanos;

    HeaderDeadline(Handler handler, int timeoutSeconds) {
        super(handler);
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    @Override
    public void onOpened(Connection connection) {
        waiting.put(connection, System.nanoTime());
    }

    @Override
    public void onClosed(Connection connection) {
        waiting.remove(connection);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        waiting.remove(connection); // its head has arrived
        Request.addCompletionListener(request, failure -> {
            if (connection.getEndPoint().isOpen()) waiting.put(connection, System.nanoTime());
        });
        return super.handle(request, response, callback);
    }

    /** Checks the connections every second on {@code scheduler} until the server stops. */
    void watch(Scheduler scheduler) {
        scheduler.schedule(
                () -> {
                    long now = System.nanoTime();
                    waiting.forEach((connection, since) -> {
                        if (now - since > timeoutNanos) {
                            waiting.remove(connection);
                            connection.close();
                        }
                    });
                    if (scheduler.isRunning()) watch(scheduler);
                },
                1,
                TimeUnit.SECONDS);
    }
}
