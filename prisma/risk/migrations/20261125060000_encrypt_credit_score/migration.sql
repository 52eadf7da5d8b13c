-- AlterTable
ALTER TABLE "RiskAssessment" DROP COLUMN "creditScore",
ADD COLUMN     "creditScoreEncrypted" TEXT;
