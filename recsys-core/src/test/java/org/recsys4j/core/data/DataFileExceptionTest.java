package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataFileExceptionTest {
    @Test
    void theMessageNamesWhereAndWhatAndTheValueIsCut() {
        DataFileException e = new DataFileException("ratings.csv", 100838, "movieId", "999999", "item not in movies.csv");
        assertEquals("ratings.csv:100838: movieId=999999: item not in movies.csv", e.getMessage());
        assertTrue(e instanceof IOException);
        String whole = new DataFileException("m.bin", 0, "body", "x".repeat(500), "bad").getMessage();
        assertEquals("m.bin: body=" + "x".repeat(200) + "...: bad", whole);
        assertEquals("", new DataFileException("f", 0, "a", null, "p").value());
    }

    @Test
    void aCauseCanBeGivenAtOnceOrLater() {
        EOFException eof = new EOFException();
        assertSame(eof, new DataFileException("f", 0, "body", "", "ends early", eof).getCause());
        DataFileException later = new DataFileException("f", 0, "body", "", "ends early");
        later.initCause(eof);   // the five-argument form leaves the cause unset, so this works
        assertSame(eof, later.getCause());
    }
}
