package io.snclr.engine;

/** The arithmetic of the networks' forward passes; parameters, optimiser state, losses and queues stay fp32. */
public enum Precision {
    FP32,
    /** bfloat16 autocast: oneDNN's AVX-512 BF16 kernels on CPU, tensor cores on CUDA. */
    BF16
}
