package dev.sessionscaler.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * An order-free 128-bit digest of a set of session ids: the XOR of the first 16 bytes of each id's SHA-256. It lets
 * the task aggregate stand for its set of active sessions in a fixed 32 characters, whatever their number: adding or
 * removing an id is one XOR ({@link #toggle}), and a heartbeat whose list has the aggregate's count and digest lists
 * exactly its active sessions (two different sets agree only with odds of about 2<sup>-128</sup>, and the ids come
 * from the task itself, which can only mislead the scaler about its own sessions).
 */
public final class SessionDigest {
    private static final int BYTES = 16;
    public static final String EMPTY = HexFormat.of().formatHex(new byte[BYTES]);

    private SessionDigest() {
    }

    public static String of(Collection<String> ids) {
        byte[] digest = new byte[BYTES];
        ids.forEach(id -> xorInto(digest, id));
        return HexFormat.of().formatHex(digest);
    }

    /** The digest with {@code id} added if it was absent, removed if it was present. */
    public static String toggle(String digest, String id) {
        byte[] bytes = HexFormat.of().parseHex(digest);
        xorInto(bytes, id);
        return HexFormat.of().formatHex(bytes);
    }

    private static void xorInto(byte[] digest, String id) {
        byte[] hash = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < BYTES; i++) {
            digest[i] ^= hash[i];
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
