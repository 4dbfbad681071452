package dev.sessionscaler.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void elsewhereThanOnATerminalItPrintsALineEveryTenPercent() {
        StringWriter out = new StringWriter();
        Progress progress = new Progress(new PrintWriter(out), "run", 200, false, 0);
        for (int done = 0; done <= 190; done += 3) {
            progress.update(done);
        }
        progress.finish();

        assertThat(out.toString()).doesNotContain("\r");
        assertThat(out.toString().lines()).containsExactly("run: 0% (0/200)", "run: 10% (21/200)", "run: 20% (42/200)",
                "run: 30% (60/200)", "run: 40% (81/200)", "run: 50% (102/200)", "run: 60% (120/200)", "run: 70% (141/200)",
                "run: 80% (162/200)", "run: 90% (180/200)", "run: 100% (200/200)");
    }

    @Test
    void onATerminalItRedrawsOneLineInPlace() {
        StringWriter out = new StringWriter();
        Progress progress = new Progress(new PrintWriter(out), "run", 100, true, 0);
        progress.update(50);
        progress.finish();

        assertThat(out.toString()).isEqualTo("\rrun [##########          ] 50% (50/100)\rrun [####################] 100% (100/100)"
                + System.lineSeparator());
    }

    @Test
    void aQuickRunShowsNothing() {
        StringWriter out = new StringWriter();
        Progress progress = new Progress(new PrintWriter(out), "run", 100, false, Long.MAX_VALUE);
        progress.update(100);
        progress.finish();

        assertThat(out.toString()).isEmpty();
    }
}
