/** ONNX Runtime generators. Internal to its module; found through {@code GeneratorProvider}. */
package org.latentcartography.generators.onnx;
