package io.safetywatcher.analytics.spark;

import io.safetywatcher.analytics.archive.ArchiveTable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;

/**
 * The archive's files, through Hadoop's FileSystem so the same code writes a local folder or
 * HDFS: Parquet written with Spark into a staging folder, moved into place by renames, read back
 * per day. A day folder holding no Parquet file (an empty table that day) reads as no rows.
 */
final class ArchiveFiles {
    private final SparkSession spark;
    private final String root;

    ArchiveFiles(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root;
    }

    String root() { return root; }

    private FileSystem fs() {
        try {
            return new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the archive's file system for " + root, e);
        }
    }

    /** Writes one table of one day to {@code folder}, without the day (it is in the path), split by zone where the table is. */
    void write(Dataset<Row> rows, ArchiveTable table, String folder) {
        DataFrameWriter<Row> w = rows.drop("day").write().mode(SaveMode.Overwrite);
        (table.byZone() ? w.partitionBy("zone_id") : w).parquet(folder);
    }

    /**
     * The rows of the Parquet files under {@code folder} (0 when it holds none), summed from
     * each file's footer: the files as written, without a Spark job per table.
     */
    long count(String folder) {
        long rows = 0;
        for (FileStatus f : parquetFiles(folder)) {
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, spark.sparkContext().hadoopConfiguration()))) {
                rows += r.getRecordCount();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the footer of " + f.getPath(), e);
            }
        }
        return rows;
    }

    /**
     * These days of a table, with {@code day} (a date) and {@code zone_id} (a string) from the
     * path; empty when none of them holds a file.
     */
    Optional<Dataset<Row>> read(ArchiveTable table, List<LocalDate> days) {
        List<String> paths = new ArrayList<>();
        for (LocalDate d : days) {
            if (hasParquet(table.dayPath(root, d))) {
                paths.add(table.dayPath(root, d));
            }
        }
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        // Partition values are read as strings (spark.sql.sources.partitionColumnTypeInference.enabled=false
        // in the job's conf): a zone called "12" stays a string; the day is cast back to a date here.
        Dataset<Row> df = spark.read().option("basePath", table.path(root)).parquet(paths.toArray(String[]::new))
                .withColumn("day", col("day").cast("date"));
        return Optional.of(table.byZone() ? df.withColumn("zone_id", col("zone_id").cast("string")) : df);
    }

    /**
     * Moves a checked staging folder into the day's place: the old day folder (if any) is moved
     * aside first, because a rename onto an existing folder would nest inside it, and deleted
     * once the new one is in place. Each rename is atomic on a local disk and HDFS.
     */
    void replace(ArchiveTable table, UUID runId, LocalDate day) {
        FileSystem fs = fs();
        Path staged = new Path(table.stagingPath(root, runId, day));
        Path target = new Path(table.dayPath(root, day));
        Path aside = new Path(table.replacedPath(root, runId, day));
        try {
            fs.mkdirs(target.getParent());
            if (!fs.exists(staged)) {
                fs.mkdirs(staged); // Spark leaves no folder for some empty writes; an empty day is still a day
            }
            if (fs.exists(target)) {
                fs.mkdirs(aside.getParent());
                rename(fs, target, aside);
            }
            rename(fs, staged, target);
            fs.delete(aside, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + staged + " to " + target, e);
        }
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
    }

    /** Deletes a run's staging and replaced folders for a day. */
    void cleanUp(UUID runId, LocalDate day) {
        FileSystem fs = fs();
        try {
            fs.delete(new Path(ArchiveTable.staging(root, runId, day)), true);
            fs.delete(new Path(ArchiveTable.replaced(root, runId, day)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the staging folders of " + day + " under " + root, e);
        }
    }

    private boolean hasParquet(String folder) { return !parquetFiles(folder).isEmpty(); }

    /** The Parquet files anywhere under {@code folder}; none when it does not exist. */
    private List<FileStatus> parquetFiles(String folder) {
        FileSystem fs = fs();
        Path p = new Path(folder);
        List<FileStatus> out = new ArrayList<>();
        try {
            if (!fs.exists(p)) {
                return out;
            }
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(p, true);
            while (files.hasNext()) {
                FileStatus f = files.next();
                if (f.getPath().getName().endsWith(".parquet")) {
                    out.add(f);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
