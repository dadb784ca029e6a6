terraform {
  required_version = ">= 1.5"

  # One workspace per name prefix. infra/stack.py supplies workspace_dir (build/terraform/stacks)
  # at init, so every stack's state sits in build/terraform/stacks/<prefix>/terraform.tfstate.
  backend "local" {}

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The provider mirror on the machine image carries 5.100.0; any 5.x with the same schema works.
      version = "~> 5.90"
    }
  }
}
