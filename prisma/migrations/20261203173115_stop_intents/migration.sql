-- AlterTable
ALTER TABLE "PodSnapshot" DROP COLUMN "killAt",
DROP COLUMN "state",
ADD COLUMN     "lastDecision" TEXT,
ADD COLUMN     "warnedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "StopIntent" (
    "id" UUID NOT NULL,
    "instanceId" UUID NOT NULL,
    "podId" TEXT,
    "action" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "sends" INTEGER NOT NULL DEFAULT 0,
    "nextSendAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "observed" TEXT,
    "deadlineAt" TIMESTAMPTZ(3) NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "StopIntent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StopIntent_state_idx" ON "StopIntent"("state");

-- CreateIndex
CREATE INDEX "StopIntent_instanceId_createdAt_idx" ON "StopIntent"("instanceId", "createdAt");
