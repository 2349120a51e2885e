package io.harunbooks.lab;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * One simulated machine: an embedded Apache MINA SSHD server on one loopback address that answers every exec
 * request through a {@link Handler} (a system simulation). Public-key authentication only, and only for the lab's
 * client key; no shell, no password, no keyboard-interactive. The host key is generated once and kept in
 * {@code <labDir>/hostkeys/<host>.ser}, so known_hosts lines stay valid across restarts.
 */
public final class SimulatedHost implements AutoCloseable {

    /**
     * Answers one command line (trimmed) as the simulated machine would. A command that reads its standard input
     * (an interactive script answered through it) calls {@code stdin}, which returns what the client wrote before
     * closing it; other commands never wait for it, as on a real host.
     */
    @FunctionalInterface
    public interface Handler {
        LabAnswer handle(String commandLine, java.util.function.Supplier<String> stdin);
    }

    /** How long a command waits for the client to close its standard input before it runs with what it got. */
    private static final long STDIN_WAIT_MS = 5_000;
    private static final int STDIN_LIMIT = 65_536;

    private static final Logger log = LoggerFactory.getLogger(SimulatedHost.class);

    private final String name;
    private final String address;
    private final int requestedPort;
    private final Path hostKeyFile;
    private final PublicKey clientKey;
    private final Handler handler;
    private SshServer server;

    /**
     * @param name        inventory name of the host (used in logs)
     * @param address     loopback address to bind, e.g. {@code 127.0.10.1}
     * @param port        port to bind; 0 picks an ephemeral one, see {@link #port()}
     * @param hostKeyFile where the host key is kept (generated on first start)
     * @param clientKey   the only public key accepted
     * @param handler     answers the commands
     */
    public SimulatedHost(String name, String address, int port, Path hostKeyFile, PublicKey clientKey,
                         Handler handler) {
        this.name = Objects.requireNonNull(name, "name");
        this.address = Objects.requireNonNull(address, "address");
        this.requestedPort = port;
        this.hostKeyFile = Objects.requireNonNull(hostKeyFile, "hostKeyFile");
        this.clientKey = Objects.requireNonNull(clientKey, "clientKey");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    public synchronized void start() {
        if (server != null && server.isStarted()) {
            return;
        }
        try {
            Files.createDirectories(hostKeyFile.toAbsolutePath().getParent());
            SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
            hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            hostKeys.setKeySize(256);
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost(address);
            sshd.setPort(requestedPort);
            sshd.setKeyPairProvider(hostKeys);
            sshd.setPublickeyAuthenticator(acceptOnly(clientKey));
            sshd.setPasswordAuthenticator(null);
            sshd.setKeyboardInteractiveAuthenticator(null);
            sshd.setGSSAuthenticator(null);
            sshd.setHostBasedAuthenticator(null);
            sshd.setShellFactory(null);
            sshd.setCommandFactory((channel, command) -> new LabCommand(command));
            sshd.start();
            server = sshd;
            log.info("Lab host {} listening on {}:{} (host key {})", name, address, sshd.getPort(), hostKeyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Lab host " + name + ": cannot listen on " + address + ":" + requestedPort
                    + " (" + e.getMessage() + ")", e);
        }
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
            log.info("Lab host {} on {}:{} stopped", name, address, server.getPort());
        } catch (IOException e) {
            log.warn("Lab host {}: stopping the SSH server failed: {}", name, e.toString());
        } finally {
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null && server.isStarted();
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    /** The bound port (the ephemeral one when 0 was requested). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("lab host " + name + " is not started");
        }
        return server.getPort();
    }

    /** The host's public key (generated and persisted on first use). */
    public synchronized PublicKey hostKey() {
        SimpleGeneratorHostKeyProvider hostKeys;
        if (server != null) {
            hostKeys = (SimpleGeneratorHostKeyProvider) server.getKeyPairProvider();
        } else {
            hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
            hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            hostKeys.setKeySize(256);
        }
        List<KeyPair> keys = hostKeys.loadKeys(null);
        if (keys.isEmpty()) {
            throw new IllegalStateException("lab host " + name + ": no host key in " + hostKeyFile);
        }
        return keys.get(0).getPublic();
    }

    /**
     * The OpenSSH known_hosts line for this host: {@code [127.0.10.1]:2222 ecdsa-sha2-nistp256 AAAA…}, the bracket
     * form whenever the port is not 22.
     */
    public String knownHostsLine() {
        int port = port();
        String hostPattern = port == 22 ? address : "[" + address + "]:" + port;
        return hostPattern + " " + PublicKeyEntry.toString(hostKey());
    }

    @Override
    public String toString() {
        return "SimulatedHost[" + name + " " + address + ":" + (server == null ? "stopped" : server.getPort()) + "]";
    }

    private static PublickeyAuthenticator acceptOnly(PublicKey accepted) {
        return (username, key, session) -> {
            boolean ok = KeyUtils.compareKeys(accepted, key);
            if (!ok) {
                log.warn("Lab: rejected public key {} for user {} from {}", KeyUtils.getFingerPrint(key), username,
                        session.getClientAddress());
            }
            return ok;
        };
    }

    private static void write(OutputStream out, String text) throws IOException {
        if (!text.isEmpty()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    /** One exec request: hands the whole command line to the handler, writes its answer, exits with its status. */
    private final class LabCommand extends AbstractCommandSupport {

        LabCommand(String command) {
            super(command, null);
        }

        @Override
        public void run() {
            String line = getCommand() == null ? "" : getCommand().trim();
            long started = System.nanoTime();
            int exit;
            try {
                LabAnswer answer = handler.handle(line, () -> {
                    try {
                        return readStdin();
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading standard input of «" + line + "»", e);
                    }
                });
                write(getOutputStream(), answer.stdout());
                write(getErrorStream(), answer.stderr());
                exit = answer.exit();
                log.info("Lab {}: exit {} in {} ms: {}", name, exit, (System.nanoTime() - started) / 1_000_000, line);
            } catch (Exception e) {
                log.error("Lab {}: the simulation failed on: {}", name, line, e);
                exit = 255;
                try {
                    write(getErrorStream(), "lab: simulation error: " + e + "\n");
                } catch (IOException ignored) {
                    // the client went away; the exit status below is all that is left to send
                }
            }
            onExit(exit);
        }

        /** Standard input up to its end (the client closes it), a limit, or a wait without data. */
        private String readStdin() throws IOException {
            java.io.InputStream in = getInputStream();
            if (in instanceof org.apache.sshd.common.channel.ChannelPipedInputStream piped) {
                piped.setTimeout(STDIN_WAIT_MS);
            }
            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while (data.size() < STDIN_LIMIT && (n = in.read(buffer)) >= 0) {
                    data.write(buffer, 0, n);
                }
            } catch (java.io.InterruptedIOException noEof) {
                log.debug("Lab {}: standard input not closed within {} ms, running with what arrived", name,
                        STDIN_WAIT_MS);
            }
            return data.toString(StandardCharsets.UTF_8);
        }
    }
}
