/** The scheduled analyzer Lambda (built by the analyzer issue). */
package dev.sessionscaler.analyzer;
