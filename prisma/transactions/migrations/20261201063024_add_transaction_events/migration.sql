-- CreateTable
CREATE TABLE "TransactionEvent" (
    "position" BIGSERIAL NOT NULL,
    "transactionId" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransactionEvent_pkey" PRIMARY KEY ("position")
);

-- CreateIndex
CREATE UNIQUE INDEX "TransactionEvent_transactionId_key" ON "TransactionEvent"("transactionId");
