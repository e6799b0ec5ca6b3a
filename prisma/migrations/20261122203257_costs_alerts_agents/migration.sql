-- AlterTable
ALTER TABLE "CollectionCycle" ADD COLUMN     "balance" DOUBLE PRECISION,
ADD COLUMN     "observedAt" TIMESTAMPTZ(3),
ADD COLUMN     "spendLimit" DOUBLE PRECISION,
ADD COLUMN     "spendPerHr" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "lastAttemptAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PodCostDay" (
    "podId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "instanceId" UUID,
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "idleWaste" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "idleSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PodCostDay_pkey" PRIMARY KEY ("podId","day")
);

-- CreateTable
CREATE TABLE "PodBillingDay" (
    "podId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "gpuAmount" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "cpuAmount" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "diskAmount" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PodBillingDay_pkey" PRIMARY KEY ("podId","day")
);

-- CreateTable
CREATE TABLE "BillingFetch" (
    "id" BIGSERIAL NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "fromDay" DATE NOT NULL,
    "toDay" DATE NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "records" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "BillingFetch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PodCostDay_day_idx" ON "PodCostDay"("day");

-- CreateIndex
CREATE INDEX "PodCostDay_instanceId_day_idx" ON "PodCostDay"("instanceId", "day");

-- CreateIndex
CREATE INDEX "PodBillingDay_day_idx" ON "PodBillingDay"("day");

-- CreateIndex
CREATE INDEX "BillingFetch_startedAt_idx" ON "BillingFetch"("startedAt");

-- CreateIndex
CREATE INDEX "AgentSession_instanceId_lastHeartbeat_idx" ON "AgentSession"("instanceId", "lastHeartbeat");

-- CreateIndex
CREATE INDEX "CollectionCycle_observedAt_idx" ON "CollectionCycle"("observedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_alertId_idx" ON "WebhookDelivery"("alertId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_createdAt_idx" ON "WebhookDelivery"("createdAt");
