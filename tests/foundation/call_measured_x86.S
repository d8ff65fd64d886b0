# uint32_t call_measured(const void* fn, unsigned arg_bytes, int* stack_delta)  -- cdecl, x86
	.text
	.globl _call_measured
_call_measured:
	pushl %ebp
	movl %esp, %ebp
	pushl %esi
	pushl %edi
	movl 12(%ebp), %ecx
	shrl $2, %ecx
	movl %esp, %esi          # stack pointer before the arguments are pushed
1:	testl %ecx, %ecx
	jz 2f
	pushl $0
	decl %ecx
	jmp 1b
2:	call *8(%ebp)
	movl %esp, %ecx
	subl %esi, %ecx          # 0 when the callee popped its arguments
	movl 16(%ebp), %edx
	movl %ecx, (%edx)
	movl %esi, %esp
	popl %edi
	popl %esi
	popl %ebp
	ret
