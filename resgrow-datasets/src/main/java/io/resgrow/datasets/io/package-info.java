/**
 * Readers and writers of the datasets' binary formats (IDX, CIFAR binary).
 */
package io.resgrow.datasets.io;
