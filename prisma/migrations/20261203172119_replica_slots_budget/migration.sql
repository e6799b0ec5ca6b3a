-- CreateTable
CREATE TABLE "JobSlot" (
    "job" TEXT NOT NULL,
    "slot" BIGINT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "JobSlot_pkey" PRIMARY KEY ("job","slot")
);

-- CreateTable
CREATE TABLE "RunpodBudget" (
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "quota" INTEGER NOT NULL,
    "remaining" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RunpodBudget_pkey" PRIMARY KEY ("windowStart")
);
