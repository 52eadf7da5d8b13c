-- AlterTable
ALTER TABLE "Customer" DROP COLUMN "ssn",
ADD COLUMN     "ssnEncrypted" TEXT,
ADD COLUMN     "ssnHash" TEXT;

-- CreateIndex
CREATE INDEX "Customer_ssnHash_idx" ON "Customer"("ssnHash");
