package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.risk.RiskClass;
import io.safetywatcher.common.risk.RiskFeatures;
import io.safetywatcher.common.risk.RiskForest;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A small MLlib forest in local Spark: the exported forest predicts what MLlib predicts, row for
 * row. A Spark session, so the integration lane (tag {@code stack}), though it needs no server.
 */
@org.junit.jupiter.api.Tag("stack")
class ForestExportTest {
    @Test
    void theExportedForestPredictsWhatMllibPredicts(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("forest-export")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
        try {
            List<StructField> fields = new ArrayList<>();
            for (String n : RiskFeatures.NAMES) {
                fields.add(DataTypes.createStructField(n, DataTypes.DoubleType, false));
            }
            fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
            Random random = new Random(7);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                double density = random.nextDouble() * 7;
                double growth = random.nextGaussian();
                double noise = random.nextDouble() < 0.1 ? random.nextDouble() : 0;
                // No LOW in the labels: MLlib then knows 3 classes, and the export pads the fourth.
                double label = density > 5 || growth > 1.5 ? 3 : density > 3.5 && random.nextDouble() < 0.8 ? 2 : 0;
                rows.add(RowFactory.create(density, growth, noise, (double) (1 + random.nextInt(5)), (double) random.nextInt(3) * 500,
                        (double) random.nextInt(24), (double) (1 + random.nextInt(7)), label));
            }
            Dataset<Row> data = new VectorAssembler().setInputCols(RiskFeatures.NAMES.toArray(String[]::new)).setOutputCol("features")
                    .transform(spark.createDataFrame(rows, DataTypes.createStructType(fields)));
            RandomForestClassificationModel model = new RandomForestClassifier().setNumTrees(12).setMaxDepth(6).setSeed(3).fit(data);

            RiskForest forest = ForestExport.of(model, 5);
            forest.write(dir.resolve(RiskForest.FILE));
            RiskForest read = RiskForest.read(dir.resolve(RiskForest.FILE));
            assertThat(read).isEqualTo(forest);
            assertThat(read.version()).isEqualTo(5);
            assertThat(read.trees()).hasSize(12);

            int positives = 0;
            for (Row r : model.transform(data).select("features", "prediction", "probability").collectAsList()) {
                double[] x = r.<Vector>getAs(0).toArray();
                RiskFeatures f = new RiskFeatures(x[0], x[1], x[2], (int) x[3], (int) x[4], (int) x[5], (int) x[6]);
                RiskClass p = read.predict(f);
                assertThat(p.ordinal()).as("row %s", f).isEqualTo((int) r.getDouble(1));
                double[] mllib = r.<Vector>getAs(2).toArray();
                double[] ours = read.probabilities(f);
                for (int c = 0; c < mllib.length; c++) {
                    assertThat(ours[c]).isCloseTo(mllib[c], within(1e-9));
                }
                assertThat(ours[RiskClass.LOW.ordinal()]).isZero();
                positives += p == RiskClass.NONE ? 0 : 1;
            }
            assertThat(positives).isPositive();
        } finally {
            spark.stop();
        }
    }
}
