package dev.sessionscaler.core.model;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validation of ECS names and task ARNs, shared by every input parser. */
public final class Arns {
    /** ECS cluster and service names: letters, digits, hyphens and underscores, 1–255 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    /** The long ARN format: {@code arn:aws:ecs:region:account:task/cluster/id}. */
    private static final Pattern TASK_ARN = Pattern.compile(
            "arn:aws(?:-[a-z]+)*:ecs:[a-z0-9-]+:\\d{12}:task/([A-Za-z0-9_-]{1,255})/([A-Za-z0-9]{1,64})");

    private Arns() {
    }

    public static boolean isTaskArn(String value) {
        return value != null && TASK_ARN.matcher(value).matches();
    }

    /** The cluster name inside a task ARN, or null if it is not a task ARN. */
    public static String clusterOf(String taskArn) {
        Matcher m = taskArn == null ? null : TASK_ARN.matcher(taskArn);
        return m != null && m.matches() ? m.group(1) : null;
    }

    /** The short task id (the last ARN segment), or the input itself if it is not a task ARN. */
    public static String taskIdOf(String taskArn) {
        Matcher m = taskArn == null ? null : TASK_ARN.matcher(taskArn);
        return m != null && m.matches() ? m.group(2) : taskArn;
    }

    public static String requireName(JsonInput json, String field) {
        String value = json.string(field);
        if (!NAME.matcher(value).matches()) {
            throw new InvalidInputException(json.at(field),
                    "must be an ECS name (letters, digits, '-' and '_', at most 255), got \"" + value + "\"");
        }
        return value;
    }

    public static String requireTaskArn(JsonInput json, String field) {
        String value = json.string(field);
        if (!isTaskArn(value)) {
            throw new InvalidInputException(json.at(field),
                    "must be an ECS task ARN like arn:aws:ecs:us-east-1:123456789012:task/<cluster>/<id>, got \"" + value + "\"");
        }
        return value;
    }
}
