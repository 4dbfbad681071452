package dev.sessionscaler.reporter.sidecar;

/** The sidecar's runnable jar: {@code java -jar session-scaler-sidecar.jar --port 3389}. */
public final class SidecarMain {
    private SidecarMain() {
    }

    public static void main(String[] args) {
        System.exit(Sidecar.run(args, new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true),
                System.getenv()));
    }
}
