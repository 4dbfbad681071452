package dev.sessionscaler.core.config;

/**
 * How a service is scaled in (DESIGN.md section 5b).
 * <ul>
 *   <li>{@code CORDON}: surplus tasks are taken out of the load balancer (cordoned), idle ones and the busy ones
 *       with the fewest sessions first; each is stopped once its sessions have ended, and readmitted when capacity is
 *       needed or before its load balancer would close what is left on it.</li>
 *   <li>{@code IDLE_ONLY}: only tasks that are idle now are drained and stopped.</li>
 * </ul>
 */
public enum ScaleInMode { CORDON, IDLE_ONLY }
