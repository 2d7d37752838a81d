/**
 * VGG networks split into sub-networks, as Istrate et al. grow them.
 */
package io.resgrow.models.vgg;
