package dev.sessionscaler.core.config;

/**
 * An external input (config, CLI file, event payload) is invalid. The message always names where
 * ({@link #path()}, e.g. {@code config.minTasks} or {@code tasks[2].taskArn}) and what is wrong.
 */
public final class InvalidInputException extends RuntimeException {
    private final String path;
    private final String problem;

    public InvalidInputException(String path, String problem) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem);
        this.path = path == null ? "" : path;
        this.problem = problem;
    }

    /** Where the problem is: a dotted JSON path, empty for the document as a whole. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }
}
