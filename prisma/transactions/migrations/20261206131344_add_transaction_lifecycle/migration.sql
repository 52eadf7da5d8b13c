-- CreateEnum
CREATE TYPE "TransactionStatus" AS ENUM ('PENDING', 'POSTED', 'REVERSED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "DisputeOutcome" AS ENUM ('UPHELD', 'REJECTED');

-- CreateEnum
CREATE TYPE "TransactionChangeKind" AS ENUM ('BOOKED', 'POSTED', 'REVERSED', 'DISPUTE_OPENED', 'DISPUTE_RESOLVED');

-- DropIndex
DROP INDEX "TransactionEvent_transactionId_key";

-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "counterpartyCountry" CHAR(2),
ADD COLUMN     "counterpartyCurrency" CHAR(3),
ADD COLUMN     "disputeOutcome" "DisputeOutcome",
ADD COLUMN     "disputeReason" TEXT,
ADD COLUMN     "merchantCategory" TEXT,
ADD COLUMN     "reversalOf" TEXT,
ADD COLUMN     "reversalReason" TEXT,
ADD COLUMN     "status" "TransactionStatus" NOT NULL DEFAULT 'POSTED';

-- AlterTable
ALTER TABLE "TransactionEvent" ADD COLUMN     "kind" "TransactionChangeKind" NOT NULL DEFAULT 'BOOKED',
ADD COLUMN     "outcome" "DisputeOutcome",
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "status" "TransactionStatus" NOT NULL DEFAULT 'POSTED';

-- CreateIndex
CREATE UNIQUE INDEX "Transaction_reversalOf_key" ON "Transaction"("reversalOf");

-- CreateIndex
CREATE INDEX "TransactionEvent_transactionId_kind_idx" ON "TransactionEvent"("transactionId", "kind");
