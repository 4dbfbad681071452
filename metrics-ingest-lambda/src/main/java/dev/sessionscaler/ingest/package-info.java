/** The SQS batch Lambda that records session events (built by the ingest issue). */
package dev.sessionscaler.ingest;
