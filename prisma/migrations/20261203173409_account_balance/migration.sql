-- CreateTable
CREATE TABLE "BillingHour" (
    "time" TIMESTAMPTZ(3) NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BillingHour_pkey" PRIMARY KEY ("time")
);

-- CreateTable
CREATE TABLE "KnownBalance" (
    "id" BIGSERIAL NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnownBalance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KnownBalance_at_idx" ON "KnownBalance"("at");
