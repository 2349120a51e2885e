package io.harunbooks.ssh;

import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs commands over SSH with sshj: one pooled, kept-alive connection per host, strict host-key verification
 * against the inventory's known-hosts file, public-key authentication, stdout and stderr read concurrently and
 * bounded, the step's timeout enforced. A connection found broken before a command is sent is reopened once; a
 * command interrupted mid-way is never re-sent here (the job's retry policy decides).
 */
@Component
public class SshExecutor implements CommandRunner, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SshExecutor.class);

    private final SshProperties properties;
    private final Inventory inventory;
    private final Map<String, SSHClient> pool = new ConcurrentHashMap<>();
    private final Map<String, Object> connectLocks = new ConcurrentHashMap<>();
    private final ExecutorService readers;

    public SshExecutor(SshProperties properties, Inventory inventory) {
        this.properties = properties;
        this.inventory = inventory;
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ssh-output-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CommandResult run(Host host, String command, String stdin, Duration timeout) {
        long start = System.nanoTime();
        SSHClient client = connection(host);
        Session session;
        try {
            session = client.startSession();
        } catch (IOException | IllegalStateException broken) {
            // a pooled connection the peer closed: sshj answers IllegalStateException "Not connected" once it has
            // noticed, an IOException while it notices
            log.info("Connection to {} is broken ({}), reconnecting once", host, broken.toString());
            drop(host, client);
            client = connection(host);
            try {
                session = client.startSession();
            } catch (IOException | IllegalStateException e) {
                drop(host, client);
                throw new SshException("cannot open a session on " + host + ": " + e.getMessage(), e);
            }
        }
        try (Session s = session) {
            Session.Command cmd = s.exec(command);
            Future<String> out = readers.submit(() -> drain(cmd.getInputStream()));
            Future<String> err = readers.submit(() -> drain(cmd.getErrorStream()));
            try (java.io.OutputStream in = cmd.getOutputStream()) {
                if (!stdin.isEmpty()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException endedFirst) {
                // a quick command may end before it is sent its input, or EOF, and real sshd then closes the channel:
                // the command simply did not read its input (its output and exit status follow as usual)
                log.debug("{}: standard input of «{}» not delivered: {}", host.name(), command, endedFirst.toString());
            }
            long joinStart = System.nanoTime();
            try {
                cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException joinFailed) {
                out.cancel(true);
                err.cancel(true);
                boolean timedOut = timedOut(joinFailed) || joinFailed.getCause() instanceof java.util.concurrent.TimeoutException
                        || System.nanoTime() - joinStart >= timeout.toNanos();
                if (!timedOut || !client.isConnected()) {
                    // the connection broke before the timeout (sshj may not have marked it closed yet)
                    drop(host, client);
                    throw new SshException("connection to " + host + " dropped in mid-command: «" + command
                            + "» (" + joinFailed.getMessage() + "); whether it took effect is unknown", joinFailed);
                }
                throw new SshException("command on " + host + " did not finish within " + timeout
                        + ": «" + command + "»", joinFailed);
            }
            String stdout = out.get(10, TimeUnit.SECONDS);
            String stderr = err.get(10, TimeUnit.SECONDS);
            Integer exit = cmd.getExitStatus();
            if (exit == null) {
                throw new SshException("command on " + host + " ended without an exit status (signal "
                        + cmd.getExitSignal() + ", connection dropped?): «" + command + "»", null);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.info("{}: «{}» exit {} in {} ms", host.name(), command, exit, took.toMillis());
            return new CommandResult(host.name(), command, exit, stdout, stderr, took);
        } catch (SshException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException("interrupted while running a command on " + host, e);
        } catch (Exception e) {
            boolean connectionLost = !client.isConnected();
            drop(host, client);
            if (connectionLost) {
                throw new SshException("connection to " + host + " dropped in mid-command: «" + command + "» ("
                        + e.getMessage() + "); whether it took effect is unknown", e);
            }
            throw new SshException("command on " + host + " failed: " + e.getMessage() + ": «" + command + "»", e);
        }
    }

    /** Number of pooled connections (open or not yet found broken). */
    public int pooledConnections() {
        return pool.size();
    }

    /** Number of pooled connections to the host of that inventory name. */
    public int pooledConnections(String hostName) {
        return (int) pool.keySet().stream().filter(k -> k.startsWith(hostName + "@")).count();
    }

    private String drain(InputStream in) throws IOException {
        int max = properties.maxOutputBytes();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long dropped = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            int room = max - kept.size();
            if (room > 0) {
                kept.write(buf, 0, Math.min(room, n));
            }
            dropped += Math.max(0, n - Math.max(room, 0));
        }
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped > 0 ? text + "\n… [" + dropped + " more bytes dropped]" : text;
    }

    private SSHClient connection(Host host) {
        String key = key(host);
        SSHClient existing = pool.get(key);
        if (existing != null && existing.isConnected() && existing.isAuthenticated()) {
            return existing;
        }
        synchronized (connectLocks.computeIfAbsent(key, k -> new Object())) {
            existing = pool.get(key);
            if (existing != null && existing.isConnected() && existing.isAuthenticated()) {
                return existing;
            }
            if (existing != null) {
                drop(host, existing);
            }
            SSHClient client = open(host);
            pool.put(key, client);
            return client;
        }
    }

    private SSHClient open(Host host) {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        StrictKnownHosts verifier;
        try {
            verifier = new StrictKnownHosts(inventory.knownHosts().toFile());
        } catch (IOException e) {
            throw new SshException("cannot read known-hosts file " + inventory.knownHosts() + ": " + e.getMessage(), e);
        }
        client.addHostKeyVerifier(verifier);
        client.setConnectTimeout((int) properties.connectTimeout().toMillis());
        client.setTimeout((int) properties.connectTimeout().toMillis());
        try {
            client.connect(host.address(), host.port());
            client.getConnection().getKeepAlive().setKeepAliveInterval((int) properties.keepAlive().toSeconds());
            client.setTimeout(0);
            client.authPublickey(host.user(), client.loadKeys(host.privateKey().toString()));
            log.info("Connected to {}", host);
            return client;
        } catch (UserAuthException e) {
            closeQuietly(client);
            throw new SshConnectException("authentication of " + host.user() + " on " + host + " with key "
                    + host.privateKey() + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(client);
            if (verifier.problem != null) {
                throw new HostKeyVerificationException(verifier.problem + " for " + host + " (known-hosts file "
                        + inventory.knownHosts() + "). Not retried: verify the host and fix the file.", e);
            }
            if (timedOut(e)) {
                throw new SshConnectException("cannot connect to " + host + ": the host accepted the connection but "
                        + "did not answer within " + properties.connectTimeout() + " (" + e.getMessage() + ")", e);
            }
            throw new SshConnectException("cannot connect to " + host + ": " + e.getMessage(), e);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void drop(Host host, SSHClient client) {
        pool.remove(key(host), client);
        closeQuietly(client);
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a broken connection
        }
    }

    private static String key(Host host) {
        return host.name() + "@" + host.address() + ":" + host.port();
    }

    @Override
    public void destroy() {
        pool.values().forEach(SshExecutor::closeQuietly);
        pool.clear();
        readers.shutdownNow();
    }

    /** Known-hosts verification that never adds or accepts keys, and remembers why it refused. */
    static final class StrictKnownHosts extends OpenSSHKnownHosts {

        volatile String problem;

        StrictKnownHosts(java.io.File file) throws IOException {
            super(file);
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
            problem = "host key of " + hostname + " is not in the known-hosts file";
            return false;
        }

        @Override
        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
            problem = "HOST KEY MISMATCH: the key presented by " + hostname
                    + " differs from the one in the known-hosts file (re-installed host or man-in-the-middle)";
            return false;
        }
    }
}
