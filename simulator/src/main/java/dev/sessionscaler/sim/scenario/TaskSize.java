package dev.sessionscaler.sim.scenario;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * A Fargate task size and what it costs. Every CPU and memory combination Fargate accepts for a Linux task is accepted
 * here; any other is refused with the combinations that CPU allows. Prices are the <b>us-east-1 Linux on-demand list
 * prices</b> (per vCPU-hour and per GB-hour; Fargate bills per second, so a task-minute costs a sixtieth of an hour),
 * written down in the README's "Scenario files" section. Other regions, Savings Plans, Spot and ephemeral storage above
 * the free 20 GB are not modelled.
 *
 * @param vcpu         0.25, 0.5, 1, 2, 4, 8 or 16
 * @param memoryGiB    within the range Fargate allows for that CPU, in its steps
 * @param architecture X86_64 or ARM64 (Graviton, about 20 % cheaper)
 */
public record TaskSize(double vcpu, double memoryGiB, Architecture architecture) {
    private static final Set<String> CPU_VALUES = Set.of("0.25", "0.5", "1", "2", "4", "8", "16");  // before DEFAULT uses it
    public static final TaskSize DEFAULT = new TaskSize(1, 2, Architecture.X86_64);

    /** CPU architecture of the task, with its Fargate list prices in us-east-1. */
    public enum Architecture {
        X86_64(0.04048, 0.004445),
        ARM64(0.03238, 0.00356);

        final double vcpuHourUsd;
        final double gbHourUsd;

        Architecture(double vcpuHourUsd, double gbHourUsd) {
            this.vcpuHourUsd = vcpuHourUsd;
            this.gbHourUsd = gbHourUsd;
        }
    }

    public TaskSize {
        String where = "service.taskMemoryGiB";
        String allowed = allowedMemory(vcpu);
        if (allowed == null) {
            throw new InvalidInputException("service.taskVcpu", "must be a Fargate CPU size (0.25, 0.5, 1, 2, 4, 8 or 16 vCPU), got "
                    + plain(vcpu));
        }
        if (!memoryFits(vcpu, memoryGiB)) {
            throw new InvalidInputException(where, "Fargate does not offer " + plain(memoryGiB) + " GiB with " + plain(vcpu)
                    + " vCPU; it allows " + allowed);
        }
    }

    /** For people: {@code 1 vCPU, 2 GiB, X86_64}. */
    public String label() {
        return plain(vcpu) + " vCPU, " + plain(memoryGiB) + " GiB, " + architecture;
    }

    /** US dollars for one task running one minute. */
    public double usdPerTaskMinute() {
        return (vcpu * architecture.vcpuHourUsd + memoryGiB * architecture.gbHourUsd) / 60;
    }

    /** The scenario's {@code service.taskVcpu}, {@code taskMemoryGiB} and {@code architecture}; 1 vCPU, x86 and the least memory the CPU allows by default. */
    public static TaskSize from(JsonInput service) {
        double vcpu = service.number("taskVcpu", DEFAULT.vcpu());
        double memory = service.number("taskMemoryGiB", vcpu * 2);  // the smallest memory Fargate pairs with each CPU size
        Architecture architecture = Architecture.X86_64;
        if (service.has("architecture")) {
            String name = service.string("architecture");
            try {
                architecture = Architecture.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(service.at("architecture"), "must be X86_64 or ARM64, got " + name);
            }
        }
        return new TaskSize(vcpu, memory, architecture);
    }

    /** Fargate's Linux task sizes: memory range and step for each CPU size; null for a CPU Fargate does not offer. */
    private static String allowedMemory(double vcpu) {
        if (!CPU_VALUES.contains(plain(vcpu))) {
            return null;
        }
        return switch (plain(vcpu)) {
            case "0.25" -> "0.5, 1 or 2 GiB";
            case "0.5" -> "1 to 4 GiB in steps of 1 GiB";
            case "1" -> "2 to 8 GiB in steps of 1 GiB";
            case "2" -> "4 to 16 GiB in steps of 1 GiB";
            case "4" -> "8 to 30 GiB in steps of 1 GiB";
            case "8" -> "16 to 60 GiB in steps of 4 GiB";
            default -> "32 to 120 GiB in steps of 8 GiB";
        };
    }

    private static boolean memoryFits(double vcpu, double memory) {
        return switch (plain(vcpu)) {
            case "0.25" -> memory == 0.5 || memory == 1 || memory == 2;
            case "0.5" -> inSteps(memory, 1, 4, 1);
            case "1" -> inSteps(memory, 2, 8, 1);
            case "2" -> inSteps(memory, 4, 16, 1);
            case "4" -> inSteps(memory, 8, 30, 1);
            case "8" -> inSteps(memory, 16, 60, 4);
            default -> inSteps(memory, 32, 120, 8);
        };
    }

    private static boolean inSteps(double value, int min, int max, int step) {
        return value >= min && value <= max && value == Math.rint(value) && ((int) value - min) % step == 0;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
