package org.recsys4j.rank.seq;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gSASRec's gBCE ({@link SequenceLoss#GBCE}): the positive's weight β = α·(t·(1 − 1/α) + 1/α) = 1 − t·(1 − α) with
 * α = negatives / (items − 1); the calibration option's range; the calibration recorded in the model's provenance
 * only for the loss that reads it. (Its gradient: the two gradient checks, with β = 0.37; its learning: the planted
 * test.)
 */
class GbceTest {
    @Test
    void betaIsOneAtTZeroAlphaAtTOneAndThePapersFormulaBetween() {
        double alpha = 256.0 / 1681;
        assertEquals(1.0, OutputLayer.gbceBeta(256, 1682, 0), 1e-6);
        assertEquals(alpha, OutputLayer.gbceBeta(256, 1682, 1), 1e-6);
        assertEquals(0.364218, OutputLayer.gbceBeta(256, 1682, 0.75), 1e-6);   // gSASRec's t on ml-100k's 1,682 items
        assertEquals(alpha * (0.5 * (1 - 1 / alpha) + 1 / alpha), OutputLayer.gbceBeta(256, 1682, 0.5), 1e-6);
        // as many negatives as other items (or more): α is 1, nothing to calibrate
        assertEquals(1.0, OutputLayer.gbceBeta(200, 150, 0.75), 1e-6);
    }

    @Test
    void theCalibrationIsCheckedAndRecordedOnlyForGbce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SasRec.builder().withCalibration(1.5).build());
        assertEquals("calibration: 1.5, must be in [0, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gru4Rec.builder().withCalibration(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> SasRec.builder().withCalibration(Double.NaN).build());

        Interactions log = PlantedSequences.generate(40, 30, 5, 8, 0.1, 3);
        SequenceModel gbce = SasRec.builder().withDim(8).withBlocks(1).withMaxLength(8).withLoss(SequenceLoss.GBCE)
                .withNegatives(4).withCalibration(0.5).withMaxEpochs(1).withThreads(1).build().fit(log);
        assertEquals("0.5", gbce.info().settings().get("calibration"));
        assertEquals("GBCE", gbce.info().settings().get("loss"));
        SequenceModel ce = SasRec.builder().withDim(8).withBlocks(1).withMaxLength(8).withMaxEpochs(1).withThreads(1)
                .build().fit(log);
        assertFalse(ce.info().settings().containsKey("calibration"), String.valueOf(ce.info().settings()));
        assertTrue(ce.info().settings().containsKey("loss"));
    }
}
