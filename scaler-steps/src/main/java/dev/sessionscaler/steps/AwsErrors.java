package dev.sessionscaler.steps;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS failures worth retrying into {@link TransientAwsException}, the name the ASL's Retry matches. */
final class AwsErrors {
    private AwsErrors() {
    }

    static RuntimeException translate(String call, SdkException e) {
        boolean transientError = e instanceof SdkClientException
                || e instanceof AwsServiceException service && (service.isThrottlingException() || service.statusCode() >= 500);
        return transientError ? new TransientAwsException(call + " failed: " + e.getMessage(), e) : e;
    }
}
