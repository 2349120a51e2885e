package io.harunbooks.lab;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.Set;

/**
 * The key the application's SSH client uses against the lab hosts: an ECDSA P-256 pair in OpenSSH format,
 * {@code <labDir>/id_lab} (mode 600) and {@code id_lab.pub}. Generated once, reused on every later start.
 * (Not ed25519: that needs extra libraries on both the MINA and the sshj side.)
 */
public final class LabClientKey {

    public static final String FILE_NAME = "id_lab";
    static final String COMMENT = "ha-runbooks-lab";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path privateKeyFile;
    private final KeyPair keyPair;

    private LabClientKey(Path privateKeyFile, KeyPair keyPair) {
        this.privateKeyFile = privateKeyFile;
        this.keyPair = keyPair;
    }

    /** Loads {@code <dir>/id_lab}, or generates and writes it (and {@code id_lab.pub}) when it does not exist. */
    public static LabClientKey loadOrCreate(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            KeyPair pair = Files.isRegularFile(file) ? read(file) : generate(file);
            Path pub = dir.resolve(FILE_NAME + ".pub");
            if (!Files.isRegularFile(pub)) {
                try (OutputStream out = Files.newOutputStream(pub)) {
                    OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(pair.getPublic(), COMMENT, out);
                }
            }
            return new LabClientKey(file, pair);
        } catch (IOException e) {
            throw new UncheckedIOException("Lab client key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Lab client key " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair generate(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("concurrent creation of " + tmp, e);
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, COMMENT, null, out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return pair;
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null,
                    NamedResource.ofName(file.toString()), in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IOException("no key pair in " + file);
            }
            return it.next();
        }
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    public Path publicKeyFile() {
        return privateKeyFile.resolveSibling(FILE_NAME + ".pub");
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    public KeyPair keyPair() {
        return keyPair;
    }
}
