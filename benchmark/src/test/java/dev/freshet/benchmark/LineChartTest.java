package dev.freshet.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineChartTest {

    @Test
    void writesAValidPngOfTheRequestedSizeWithTheLinesDrawn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/depth.png");
        List<double[]> pending = List.of(new double[]{0, 0}, new double[]{30, 400}, new double[]{60, 1200}, new double[]{90, 10});
        List<double[]> processing = List.of(new double[]{0, 0}, new double[]{30, 8}, new double[]{60, 8}, new double[]{90, 0});
        LineChart.write(file, 800, 400, "queue depth", "seconds since start", "jobs",
                List.of(new LineChart.Series("pending", Color.BLUE, pending), new LineChart.Series("processing", Color.RED, processing)),
                List.of(new LineChart.Marker(75, "viewers leave")));

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(400);
        assertThat(countPixels(image, Color.BLUE)).isGreaterThan(100);
        assertThat(countPixels(image, Color.RED)).isGreaterThan(100);
    }

    @Test
    void anEmptyChartStillRenders() {
        BufferedImage image = LineChart.render(300, 200, "t", "x", "y", List.of(new LineChart.Series("none", Color.BLUE, List.of())), List.of());
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(200);
    }

    @Test
    void tickStepsAreRoundAndGiveAtMostTheWantedNumberOfTicks() {
        assertThat(LineChart.niceStep(1200, 6)).isEqualTo(200);
        assertThat(LineChart.niceStep(300, 8)).isEqualTo(50);
        assertThat(LineChart.niceStep(7, 6)).isEqualTo(2);
        assertThat(LineChart.niceStep(0.9, 6)).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LineChart.niceStep(0, 6)).isEqualTo(1);
        for (double max : new double[]{1, 3, 17, 99, 101, 999, 12_345}) {
            double step = LineChart.niceStep(max, 6);
            assertThat(Math.ceil(max / step)).isLessThanOrEqualTo(6);
        }
        assertThat(LineChart.tickLabel(200)).isEqualTo("200");
        assertThat(LineChart.tickLabel(0.5)).isEqualTo("0.50");
    }

    private static long countPixels(BufferedImage image, Color color) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}
