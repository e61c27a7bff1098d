/** `********1234`: every character but the last `visible` replaced, so the length stays recognisable. */
function maskTail(value: string, visible: number): string {
  if (value.length <= visible) return "*".repeat(value.length);
  return "*".repeat(value.length - visible) + value.slice(-visible);
}

export const maskIdNumber = (idNumber: string) => maskTail(idNumber, 3);
export const maskPhone = (phone: string) => maskTail(phone, 4);
