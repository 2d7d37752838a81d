/**
 * Listeners that hear a run: SLF4J logging and the terminal progress bar.
 */
package io.resgrow.core.listen;
