package dev.sessionscaler.sim.aws;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Real DynamoDB Local, embedded in this JVM and in memory (no server, no port). It needs sqlite4java's
 * native library: the build copies it to {@code native-libs/} beside the CLI jar (and tests set
 * {@code sqlite4java.library.path} to it), so this only fills the property in when it is unset.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private static final String LIBRARY_PATH = "sqlite4java.library.path";
    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    public EmbeddedDynamoDb() {
        locateNativeLibrary();
        local = DynamoDBEmbedded.create();
        client = local.dynamoDbClient();
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        local.shutdown();
    }

    private static synchronized void locateNativeLibrary() {
        if (System.getProperty(LIBRARY_PATH) != null) {
            return;
        }
        try {
            Path codeSource = Path.of(EmbeddedDynamoDb.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path nativeLibs = codeSource.getParent().resolve("native-libs");
            if (!Files.isDirectory(nativeLibs)) {
                throw new IllegalStateException("sqlite4java native library not found in " + nativeLibs
                        + "; rebuild with 'mvn -pl simulator -am package -DskipTests' or set -D" + LIBRARY_PATH);
            }
            System.setProperty(LIBRARY_PATH, nativeLibs.toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the CLI jar to find native-libs/", e);
        }
    }
}
