/** Autoregressive text decoders over ONNX step or prefix models (not exported). */
package org.latentcartography.generators.text;
