package io.safetywatcher.cli.output;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatTest {
    private final Format.Converter converter = new Format.Converter();

    @Test
    void textMeansTableAsInEveryOtherProgram() {
        assertThat(converter.convert("text")).isEqualTo(Format.TABLE);
        assertThat(converter.convert("TABLE")).isEqualTo(Format.TABLE);
        assertThat(converter.convert("json")).isEqualTo(Format.JSON);
        assertThat(converter.convert("csv")).isEqualTo(Format.CSV);
    }

    @Test
    void anythingElseSaysWhatIsAccepted() {
        assertThatThrownBy(() -> converter.convert("xml")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("--format must be table (or text), json or csv, not 'xml'");
    }
}
