package io.resgrow.core.network;

/**
 * A network that can describe itself, as it is now, so that it can be saved and built again (see
 * {@link Architecture}); {@code SavedNetwork.save} needs it.
 */
public interface Rebuildable {

    /**
     * Describes the network as it is now.
     *
     * @return the description
     * @throws io.resgrow.core.check.InvalidSettingException if this network was not made by a builder
     *     that can build it again
     */
    Architecture architecture();
}
