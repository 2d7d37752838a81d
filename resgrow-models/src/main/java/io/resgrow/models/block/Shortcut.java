package io.resgrow.models.block;

/** How a residual block's shortcut matches a change of shape. */
public enum Shortcut {
    /** No parameters: stride-2 subsampling and zero-padded channels (Chang et al., He et al. option A). */
    ZERO_PAD,
    /** A 1x1 convolution without bias where the shape changes (Zagoruyko and Komodakis). */
    PROJECTION
}
