package org.latentcartography.core.map;

import org.latentcartography.core.CartographyException;

/**
 * A measure that has a cell of zero measure, which a density-equalising map cannot take as it is:
 * the caller adds a floor (a fraction of the mean to every cell). Carries the cell, so that a
 * client can say in its own words how to add the floor.
 *
 * <p>Stability: experimental.
 */
public final class ZeroDensityException extends CartographyException {
    private static final long serialVersionUID = 1L;

    /** @serial the first zero cell's index along axis 0 */
    private final int row;
    /** @serial the first zero cell's index along axis 1 */
    private final int column;

    /**
     * @param message one line naming the input and the cell, never null
     * @param row the cell's index along axis 0
     * @param column the cell's index along axis 1
     */
    public ZeroDensityException(String message, int row, int column) {
        super(message);
        this.row = row;
        this.column = column;
    }

    /** @return the first zero cell's index along axis 0 */
    public int row() {
        return row;
    }

    /** @return the first zero cell's index along axis 1 */
    public int column() {
        return column;
    }
}
