/**
 * Image datasets: Fashion-MNIST and MNIST (IDX), CIFAR-10/100 (binary), synthetic data, and the
 * errors of missing or malformed files.
 */
package io.resgrow.datasets;
