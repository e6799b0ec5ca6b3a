-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "InstanceType" AS ENUM ('pod', 'serverless');

-- CreateEnum
CREATE TYPE "PodStatus" AS ENUM ('PROVISIONING', 'STARTING', 'RUNNING', 'EXITED', 'ERROR', 'TERMINATED');

-- CreateTable
CREATE TABLE "Instance" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "InstanceType" NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'config',
    "podId" TEXT,
    "endpointId" TEXT,
    "createSpec" JSONB,
    "inactivitySeconds" INTEGER NOT NULL,
    "onIdle" TEXT NOT NULL,
    "onOrphan" TEXT NOT NULL DEFAULT 'report',
    "protect" BOOLEAN NOT NULL DEFAULT false,
    "gpuUtilThreshold" INTEGER NOT NULL DEFAULT 10,
    "activitySignals" JSONB NOT NULL DEFAULT '{}',
    "warnBeforeSeconds" INTEGER NOT NULL DEFAULT 300,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pod" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "PodStatus" NOT NULL,
    "instanceId" UUID,
    "image" TEXT,
    "gpuTypeId" TEXT,
    "gpuDisplayName" TEXT,
    "gpuCount" INTEGER NOT NULL DEFAULT 0,
    "vcpuCount" DOUBLE PRECISION,
    "memoryInGb" DOUBLE PRECISION,
    "containerDiskInGb" INTEGER,
    "volumeInGb" INTEGER,
    "dataCenterId" TEXT,
    "costPerHr" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "data" JSONB NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "goneAt" TIMESTAMPTZ(3),

    CONSTRAINT "Pod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PodSnapshot" (
    "instanceId" UUID NOT NULL,
    "podId" TEXT,
    "pod" JSONB,
    "telemetry" JSONB,
    "lastRunAt" TIMESTAMPTZ(3),
    "lastActivitySignal" TEXT,
    "lastActivityAt" TIMESTAMPTZ(3),
    "lastActivityDetail" TEXT,
    "busy" BOOLEAN NOT NULL DEFAULT false,
    "inactivitySeconds" INTEGER NOT NULL,
    "killAt" TIMESTAMPTZ(3),
    "state" TEXT NOT NULL DEFAULT 'unknown',
    "collectedAt" TIMESTAMPTZ(3),
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "staleReason" TEXT,
    "staleSince" TIMESTAMPTZ(3),
    "flushedAt" TIMESTAMPTZ(3),
    "warnedKillAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PodSnapshot_pkey" PRIMARY KEY ("instanceId")
);

-- CreateTable
CREATE TABLE "TelemetrySample" (
    "id" BIGSERIAL NOT NULL,
    "podId" TEXT NOT NULL,
    "instanceId" UUID,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'runpod',
    "status" TEXT,
    "costPerHr" DOUBLE PRECISION,
    "cpuPercent" DOUBLE PRECISION,
    "memoryPercent" DOUBLE PRECISION,
    "gpuUtilMax" DOUBLE PRECISION,
    "gpuUtilAvg" DOUBLE PRECISION,
    "gpuMemPercent" DOUBLE PRECISION,
    "temperatureC" DOUBLE PRECISION,
    "powerWatts" DOUBLE PRECISION,
    "gpuUtil" DOUBLE PRECISION[],
    "gpus" JSONB,
    "extra" JSONB,
    "busy" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TelemetrySample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TelemetryRollup" (
    "podId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'runpod',
    "bucketSeconds" INTEGER NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "instanceId" UUID,
    "samples" INTEGER NOT NULL,
    "costPerHr" DOUBLE PRECISION,
    "cpuPercent" DOUBLE PRECISION,
    "memoryPercent" DOUBLE PRECISION,
    "gpuUtilMax" DOUBLE PRECISION,
    "gpuUtilAvg" DOUBLE PRECISION,
    "gpuMemPercent" DOUBLE PRECISION,
    "temperatureC" DOUBLE PRECISION,
    "powerWatts" DOUBLE PRECISION,
    "gpuUtil" DOUBLE PRECISION[],
    "busySamples" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TelemetryRollup_pkey" PRIMARY KEY ("podId","source","bucketSeconds","bucket")
);

-- CreateTable
CREATE TABLE "ActivityEvent" (
    "id" BIGSERIAL NOT NULL,
    "instanceId" UUID NOT NULL,
    "podId" TEXT,
    "signal" TEXT NOT NULL,
    "detail" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ActivityEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PruneRun" (
    "id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "instanceFilter" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "summary" JSONB NOT NULL DEFAULT '{}',
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PruneRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "pruneRunId" UUID,
    "instanceId" UUID,
    "podId" TEXT,
    "kind" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentSession" (
    "id" UUID NOT NULL,
    "podId" TEXT NOT NULL,
    "instanceId" UUID,
    "agent" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currentTask" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastHeartbeat" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AgentSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServerlessEndpoint" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "workersMin" INTEGER NOT NULL DEFAULT 0,
    "workersMax" INTEGER NOT NULL DEFAULT 0,
    "workers" JSONB NOT NULL DEFAULT '{}',
    "data" JSONB NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ServerlessEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectionCycle" (
    "id" BIGSERIAL NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "ok" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "pods" INTEGER NOT NULL DEFAULT 0,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER,

    CONSTRAINT "CollectionCycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "rule" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "data" JSONB NOT NULL DEFAULT '{}',
    "firedAt" TIMESTAMPTZ(3) NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "alertId" UUID,
    "webhook" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseStatus" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Instance_name_key" ON "Instance"("name");

-- CreateIndex
CREATE INDEX "Pod_instanceId_idx" ON "Pod"("instanceId");

-- CreateIndex
CREATE INDEX "Pod_status_idx" ON "Pod"("status");

-- CreateIndex
CREATE INDEX "TelemetrySample_podId_time_idx" ON "TelemetrySample"("podId", "time");

-- CreateIndex
CREATE INDEX "TelemetrySample_instanceId_time_idx" ON "TelemetrySample"("instanceId", "time");

-- CreateIndex
CREATE INDEX "TelemetrySample_time_idx" ON "TelemetrySample"("time");

-- CreateIndex
CREATE INDEX "TelemetryRollup_instanceId_bucketSeconds_bucket_idx" ON "TelemetryRollup"("instanceId", "bucketSeconds", "bucket");

-- CreateIndex
CREATE INDEX "TelemetryRollup_bucketSeconds_bucket_idx" ON "TelemetryRollup"("bucketSeconds", "bucket");

-- CreateIndex
CREATE INDEX "ActivityEvent_instanceId_occurredAt_idx" ON "ActivityEvent"("instanceId", "occurredAt");

-- CreateIndex
CREATE INDEX "PruneRun_startedAt_idx" ON "PruneRun"("startedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_instanceId_occurredAt_idx" ON "AuditEvent"("instanceId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_pruneRunId_idx" ON "AuditEvent"("pruneRunId");

-- CreateIndex
CREATE INDEX "AuditEvent_occurredAt_idx" ON "AuditEvent"("occurredAt");

-- CreateIndex
CREATE INDEX "AgentSession_lastHeartbeat_idx" ON "AgentSession"("lastHeartbeat");

-- CreateIndex
CREATE UNIQUE INDEX "AgentSession_podId_agent_key" ON "AgentSession"("podId", "agent");

-- CreateIndex
CREATE INDEX "CollectionCycle_startedAt_idx" ON "CollectionCycle"("startedAt");

-- CreateIndex
CREATE INDEX "Alert_rule_subject_resolvedAt_idx" ON "Alert"("rule", "subject", "resolvedAt");

-- CreateIndex
CREATE INDEX "Alert_firedAt_idx" ON "Alert"("firedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "PodSnapshot" ADD CONSTRAINT "PodSnapshot_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_pruneRunId_fkey" FOREIGN KEY ("pruneRunId") REFERENCES "PruneRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE SET NULL ON UPDATE CASCADE;
