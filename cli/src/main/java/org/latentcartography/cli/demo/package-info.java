/**
 * The demos: the paper's MNIST study ({@code cartography demo}, Figs. 1, 2 and 4) and text study
 * ({@code cartography demo text}, Fig. 5) on the shipped models. Clients of core's pipeline API
 * like any user's program; they borrow the command line's figures and folder writers.
 */
package org.latentcartography.cli.demo;
