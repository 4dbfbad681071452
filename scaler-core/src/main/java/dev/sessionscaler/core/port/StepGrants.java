package dev.sessionscaler.core.port;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What each Task state's Lambda of the scale workflow may do in AWS, in one place: the CDK grants exactly this (least
 * privilege, per function), and every local run of the workflow enforces it on each port call (scaler-steps'
 * {@code PermissionEnforcer}), so a step that starts calling an API its function is not granted fails the workflow
 * tests instead of failing in AWS.
 */
public final class StepGrants {
    /** A group of AWS actions a step's function is granted (the CDK turns each into scoped IAM statements). */
    public enum Permission {
        /** ecs:DescribeServices, ListTasks, DescribeTasks, GetTaskProtection */
        READ_ECS,
        /** ecs:UpdateService */
        SCALE_SERVICE,
        /** ecs:UpdateTaskProtection, GetTaskProtection */
        PROTECT_TASKS,
        /** elasticloadbalancing:DeregisterTargets */
        DEREGISTER,
        /** elasticloadbalancing:RegisterTargets */
        REGISTER,
        /** elasticloadbalancing:DescribeTargetHealth, DescribeTargetGroups, DescribeTargetGroupAttributes */
        READ_TARGETS,
        /** read the session table */
        READ_SESSIONS,
        /** read and write the scaler state table: the lease and the ledger */
        STATE
    }

    private static final Map<String, Set<Permission>> BY_STATE = new LinkedHashMap<>();

    static {
        BY_STATE.put("Prepare", EnumSet.of(Permission.STATE));
        BY_STATE.put("ScaleOut", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.SCALE_SERVICE,
                Permission.REGISTER, Permission.READ_TARGETS, Permission.STATE));
        BY_STATE.put("VerifyVictims", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.READ_TARGETS,
                Permission.STATE));
        BY_STATE.put("MarkDraining", EnumSet.of(Permission.STATE));
        BY_STATE.put("Deregister", EnumSet.of(Permission.DEREGISTER, Permission.READ_TARGETS, Permission.STATE));
        BY_STATE.put("CheckDrain", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.READ_TARGETS,
                Permission.STATE));
        BY_STATE.put("Reregister", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.REGISTER,
                Permission.STATE));
        BY_STATE.put("PlanStop", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.REGISTER,
                Permission.READ_TARGETS, Permission.STATE));
        BY_STATE.put("ProtectOthers", EnumSet.of(Permission.READ_ECS, Permission.PROTECT_TASKS, Permission.STATE));
        BY_STATE.put("LowerDesired", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.PROTECT_TASKS,
                Permission.SCALE_SERVICE, Permission.REGISTER, Permission.READ_TARGETS, Permission.STATE));
        BY_STATE.put("ConfirmStopped", EnumSet.of(Permission.READ_ECS, Permission.PROTECT_TASKS, Permission.STATE));
        BY_STATE.put("ReleaseProtection", EnumSet.of(Permission.READ_ECS, Permission.PROTECT_TASKS, Permission.SCALE_SERVICE,
                Permission.REGISTER, Permission.STATE));
        BY_STATE.put("Recover", EnumSet.of(Permission.READ_ECS, Permission.PROTECT_TASKS, Permission.SCALE_SERVICE,
                Permission.REGISTER, Permission.STATE));
        BY_STATE.put("Cordon", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.DEREGISTER,
                Permission.READ_TARGETS, Permission.STATE));
        BY_STATE.put("Readmit", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.REGISTER,
                Permission.READ_TARGETS, Permission.STATE));
        BY_STATE.put("VerifyRetire", EnumSet.of(Permission.READ_ECS, Permission.READ_SESSIONS, Permission.READ_TARGETS,
                Permission.STATE));
        BY_STATE.put("Finalize", EnumSet.of(Permission.STATE));
    }

    private StepGrants() {
    }

    /** What the function of {@code state} is granted; nothing for a state that is not a Task state. */
    public static Set<Permission> of(String state) {
        return BY_STATE.getOrDefault(state, Set.of());
    }

    /** Every Task state with what its function is granted, in the definition's order. */
    public static Map<String, Set<Permission>> byState() {
        Map<String, Set<Permission>> copy = new LinkedHashMap<>();
        BY_STATE.forEach((state, permissions) -> copy.put(state, Set.copyOf(permissions)));
        return copy;
    }

    /** What a port method needs; null for a call no step's function is granted (the session table is never written). */
    public static Permission needed(Class<?> port, String method) {
        if (port == FleetReader.class) {
            return Permission.READ_ECS;
        }
        if (port == ServiceActuator.class) {
            return method.equals("setDesiredCount") ? Permission.SCALE_SERVICE : Permission.PROTECT_TASKS;
        }
        if (port == TargetRegistry.class) {
            return switch (method) {
                case "deregister" -> Permission.DEREGISTER;
                case "register" -> Permission.REGISTER;
                default -> Permission.READ_TARGETS;
            };
        }
        if (port == SessionStore.class) {
            return method.equals("taskSessions") ? Permission.READ_SESSIONS : null;
        }
        if (port == Lease.class || port == ScaleLedgerStore.class) {
            return Permission.STATE;
        }
        throw new IllegalArgumentException("no permission is defined for " + port.getSimpleName());
    }
}
