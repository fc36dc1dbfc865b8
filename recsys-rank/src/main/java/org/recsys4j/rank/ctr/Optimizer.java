package org.recsys4j.rank.ctr;

/** The update rule of {@link CtrTrainer}. */
public enum Optimizer {
    /**
     * Adam (Kingma &amp; Ba) with PyTorch's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 and bias correction; L2
     * is added to the gradient ({@code weight_decay}); every parameter is updated every step, as
     * {@code torch.optim.Adam} does for dense embedding gradients.
     */
    ADAM,
    /**
     * FTRL-Proximal (McMahan et al. 2013) per coordinate, on the mini-batch gradient: α = the learning
     * rate, β = {@link CtrTrainer#ftrlBeta()}, L1 = {@link CtrTrainer#l1()}, L2 = {@link CtrTrainer#l2()}.
     * Only for {@link ModelType#LOGISTIC_REGRESSION}: its weights start at zero, which FTRL's closed form assumes.
     */
    FTRL
}
