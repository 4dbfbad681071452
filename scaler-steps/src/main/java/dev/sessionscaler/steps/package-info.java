/** The scale workflow's task Lambdas and scale-workflow.asl.json (built by the workflow issue). */
package dev.sessionscaler.steps;
