/**
 * What strategies need from a network, as small interfaces a user's own block can implement:
 * ordered sub-networks, growable stages, interpolation, parallel branches and routing.
 */
package io.resgrow.core.network;
