/** The CDK app, one construct per concern (built by the CDK issue). */
package dev.sessionscaler.infra;
