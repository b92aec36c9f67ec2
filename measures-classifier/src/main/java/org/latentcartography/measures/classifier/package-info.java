/**
 * Classifier meanings h = p(c | z) (paper 2.2.3): a multilayer perceptron trained in-process on the
 * run's labelled embeddings, or an ONNX classifier; optionally reduced to some highlighted classes
 * plus an "others" bucket (paper 4.1.3). Internal to its module; found through
 * {@code MeaningProvider}. Depends on core only.
 */
package org.latentcartography.measures.classifier;
