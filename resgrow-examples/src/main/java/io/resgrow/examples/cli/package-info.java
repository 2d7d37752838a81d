/**
 * The {@code resgrow} command line (picocli): {@code train}, {@code evaluate}, {@code report},
 * {@code compare}, {@code analyze}, {@code describe}; options are checked in their own spelling
 * before any work.
 */
package io.resgrow.examples.cli;
