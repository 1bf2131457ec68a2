package io.safetywatcher.cli.command;

import io.safetywatcher.cli.UsageError;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code completion bash|zsh}: a completion script for the commands and their options. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script. bash: source <(./watcher completion bash); zsh: source <(./watcher completion zsh).",
                "It completes 'watcher' and './watcher'. Live values (zone ids, alert ids) complete in ./watcher shell."})
public final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new UsageError("unknown shell '" + shell + "': bash or zsh");
        }
        String script = AutoComplete.bash("watcher", spec.root().commandLine());
        var out = spec.commandLine().getOut();
        if (shell.equals("zsh")) {
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(script);
        out.println("complete -F _complete_watcher -o default ./watcher");
        out.flush();
        return 0;
    }
}
